/**
 * Runs every side once per round for `rounds` rounds, in the order given in even rounds and in
 * reverse in odd ones, so drift in machine load and whatever one side leaves behind (garbage,
 * warm caches) fall on every side alike. Returns each side's samples in round order.
 */
export async function interleave<Side extends string, Sample>(rounds: number, sides: Record<Side, (round: number) => Promise<Sample>>): Promise<Record<Side, Sample[]>> {
  const names = Object.keys(sides) as Side[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]])) as Record<Side, Sample[]>;
  for (let round = 0; round < rounds; round += 1) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) samples[name].push(await sides[name](round));
  }
  return samples;
}
