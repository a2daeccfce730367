import { DetectError, parseFeed } from "feedsmith";
import type { AnyFeed } from "feedsmith";
import type { FeedItem } from "../radar-types.js";
import { htmlToText } from "./html-to-text.js";

/** Longest text kept of one entry: enough to tell stories apart and rank them, not a whole article. */
const MAX_TEXT_CHARS = 5000;
/** Longest title kept (a title made from an entry's text is cut here too). */
const MAX_TITLE_CHARS = 300;

/** Options for `parseFeedItems`. */
export interface ParseFeedItemsOptions {
  /** The feed as text. */
  text: string;
  /** The feed's URL as configured: the items' `sourceUrl`. */
  source: string;
  /** The URL that answered, after redirects: relative links are resolved against it. */
  baseUrl: string;
  /** The configured name of the source, preferred over the feed's own title. */
  name?: string;
}

/** One entry, whatever the feed's format. */
interface Entry {
  title?: string;
  link?: string;
  guid?: string;
  summary?: string;
  content?: string;
  date?: string;
}

/** Why a document could not be read as a feed. */
export interface FeedParseFailure {
  code: "feed-malformed" | "feed-not-a-feed";
  message: string;
}

/**
 * The entries of an RSS 2.0, Atom, RDF or JSON Feed document (parsed by feedsmith) as feed
 * items: HTML reduced to plain text, links absolute (entries without an http(s) link are
 * left out), dates in epoch ms. A document that is not well-formed, or not a feed, is a failure.
 */
export function parseFeedItems(options: ParseFeedItemsOptions): { success: true; sourceName: string; items: FeedItem[] } | { success: false; failure: FeedParseFailure } {
  let parsed: AnyFeed;
  try {
    parsed = parseFeed(options.text);
  } catch (error) {
    if (error instanceof DetectError) return { success: false, failure: { code: "feed-not-a-feed", message: "not an RSS, Atom, RDF or JSON feed" } };
    return { success: false, failure: { code: "feed-malformed", message: `malformed feed (${error instanceof Error ? error.message : String(error)})` } };
  }
  const { title, entries } = feedEntries(parsed);
  const sourceName = options.name ?? (htmlToText(title ?? "") || new URL(options.source).host);
  const items: FeedItem[] = [];
  for (const entry of entries) {
    const url = absoluteLink(entry.link, options.baseUrl) ?? absoluteLink(entry.guid, options.baseUrl, { absoluteOnly: true });
    if (url === undefined) continue;
    const text = htmlToText(entry.summary ?? entry.content ?? "").slice(0, MAX_TEXT_CHARS);
    const itemTitle = (htmlToText(entry.title ?? "") || text || url).slice(0, MAX_TITLE_CHARS);
    const publishedAt = entry.date === undefined ? Number.NaN : Date.parse(entry.date);
    items.push({
      sourceUrl: options.source,
      sourceName,
      url,
      title: itemTitle,
      text,
      ...(Number.isFinite(publishedAt) ? { publishedAt } : {}),
      ...(entry.guid === undefined || entry.guid === "" ? {} : { guid: entry.guid }),
    });
  }
  return { success: true, sourceName, items };
}

function feedEntries(parsed: AnyFeed): { title: string | undefined; entries: Entry[] } {
  switch (parsed.format) {
    case "rss":
      return {
        title: parsed.feed.title,
        entries: (parsed.feed.items ?? []).map((item) => ({
          title: item.title,
          link: item.link,
          guid: item.guid?.value,
          summary: item.description,
          content: item.content?.encoded,
          date: item.pubDate ?? item.dc?.dates?.[0],
        })),
      };
    case "atom":
      return {
        title: parsed.feed.title?.value,
        entries: (parsed.feed.entries ?? []).map((entry) => ({
          title: entry.title?.value,
          link: (entry.links?.find((link) => link.rel === undefined || link.rel === "alternate") ?? entry.links?.[0])?.href,
          guid: entry.id,
          summary: entry.summary?.value,
          content: entry.content?.value,
          date: entry.published ?? entry.updated,
        })),
      };
    case "rdf":
      return {
        title: parsed.feed.title,
        entries: (parsed.feed.items ?? []).map((item) => ({
          title: item.title,
          link: item.link,
          guid: item.rdf?.about,
          summary: item.description,
          content: item.content?.encoded,
          date: item.dc?.dates?.[0],
        })),
      };
    case "json":
      return {
        title: parsed.feed.title,
        entries: (parsed.feed.items ?? []).map((item) => ({
          title: item.title,
          link: item.url ?? item.external_url,
          guid: item.id,
          summary: item.summary,
          content: item.content_html ?? item.content_text,
          date: item.date_published ?? item.date_modified,
        })),
      };
  }
}

/** An http(s) URL for `link`, resolved against the feed's URL; anything else (a `javascript:` link) is no link. */
function absoluteLink(link: string | undefined, baseUrl: string, options: { absoluteOnly?: boolean } = {}): string | undefined {
  const trimmed = link?.trim();
  if (trimmed === undefined || trimmed === "") return undefined;
  const url = options.absoluteOnly === true ? URL.parse(trimmed) : URL.parse(trimmed, baseUrl);
  return url !== null && (url.protocol === "http:" || url.protocol === "https:") ? url.href : undefined;
}
