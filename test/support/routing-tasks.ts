/** A small classification task: a system prompt, the labels, and requests generated from templates for each label. */
export interface RoutingTask {
  name: string;
  system: string;
  /** Request fragments by label; a request is `${opener}${fragment}${closer}`. */
  fragments: Record<string, string[]>;
}

/** Support tickets routed to a team (the set the fine-tuning sweep was tuned on). */
export const ticketRouting: RoutingTask = {
  name: "ticket-routing",
  system: "Route the support ticket to one team. Reply with exactly one word: billing, technical, shipping or account.",
  fragments: {
    billing: ["I was charged twice this month", "my invoice shows the wrong amount", "the refund never reached my card", "why did my subscription price go up", "I need a receipt for my last payment", "the discount code was not applied to my bill", "please cancel the automatic renewal charge", "my credit card was declined at checkout"],
    technical: ["the app crashes when I open settings", "I get error 500 when saving a file", "the sync stops after a few minutes", "the page is blank in my browser", "uploads fail with a timeout", "the export button does nothing", "notifications stopped working after the update", "the search returns no results at all"],
    shipping: ["my parcel has not arrived yet", "the tracking number does not work", "the box came damaged", "can I change the delivery address", "the courier left my package at the wrong door", "my order is stuck in customs", "I received someone else's order", "how long does express delivery take"],
    account: ["I cannot reset my password", "please change the email on my profile", "I want to delete my account", "my login code never arrives", "someone else signed into my account", "how do I add a second user to my team", "I am locked out after too many attempts", "please merge my two profiles"],
  },
};

/** Home-assistant requests classified by intent (the set the sweep's defaults are confirmed on). */
export const homeIntents: RoutingTask = {
  name: "home-intents",
  system: "Classify the request to the home assistant. Reply with exactly one word: lights, music, weather, timer or shopping.",
  fragments: {
    lights: ["turn off the kitchen lamp", "dim the living room lights", "switch on the porch light", "make the bedroom lights warmer", "turn every light off downstairs", "set the desk lamp to full brightness"],
    music: ["play some jazz", "skip this song", "turn the volume of the speaker up", "put on my running playlist", "pause the album", "play the latest record by my favourite band"],
    weather: ["will it rain tomorrow", "how cold is it outside", "do I need an umbrella today", "what is the forecast for the weekend", "is it windy at the beach", "how hot will it get this afternoon"],
    timer: ["set a timer for ten minutes", "wake me up at seven", "remind me in an hour", "start a countdown for the pasta", "how long is left on the oven timer", "cancel my morning alarm"],
    shopping: ["add milk to the shopping list", "order more coffee beans", "put batteries on my list", "what is on my grocery list", "remove eggs from the shopping list", "buy dish soap next time"],
  },
};

const openers = ["", "Hi, ", "Hello, ", "Please help: ", "Quick question: ", "Urgent: ", "Hey, ", "Excuse me, "];
const closers = [".", "!", "?", ", thanks.", ", thank you!", " please.", ". Any idea?", " asap."];

/** One request and its label. */
export interface RoutingExample {
  text: string;
  label: string;
}

/** `count` distinct requests cycling through the labels, the same for a given seed. */
export function routingExamples(task: RoutingTask, count: number, seed = 3): RoutingExample[] {
  let state = seed;
  const next = (length: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * length);
  };
  const labels = Object.keys(task.fragments);
  const examples: RoutingExample[] = [];
  const seen = new Set<string>();
  while (examples.length < count) {
    const label = labels[examples.length % labels.length]!;
    const fragments = task.fragments[label]!;
    const opener = openers[next(openers.length)]!;
    const fragment = fragments[next(fragments.length)]!;
    const text = `${opener}${opener === "" ? fragment[0]!.toUpperCase() + fragment.slice(1) : fragment}${closers[next(closers.length)]!}`;
    if (seen.has(text)) continue;
    seen.add(text);
    examples.push({ text, label });
  }
  return examples;
}

/** The examples as chat rows (system, request, label) in the OpenAI JSONL format. */
export function routingJsonl(task: RoutingTask, count: number, seed = 3): string {
  return routingExamples(task, count, seed)
    .map((example) => JSON.stringify({ messages: [{ role: "system", content: task.system }, { role: "user", content: example.text }, { role: "assistant", content: example.label }] }))
    .join("\n");
}
