// Reading the radar's feeds: conditional, polite, size- and time-capped GETs through the SSRF
// guard, and RSS 2.0, Atom, RDF and JSON Feed documents turned into plain-text feed items.
export { fetchFeeds } from "./fetch-feeds.js";
export { parseFeedItems } from "./parse-feed-items.js";
export type { FeedParseFailure, ParseFeedItemsOptions } from "./parse-feed-items.js";
export { htmlToText } from "./html-to-text.js";
