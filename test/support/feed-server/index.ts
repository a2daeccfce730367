// A feed server for radar tests: fixture feeds in every format, broken and hostile ones, huge
// and compressed bodies, redirects, 304s, 429s and generated feeds, with every request recorded.
export { FEED_LAST_MODIFIED, startFeedServer } from "./feed-server.js";
export type { FeedRequest, FeedServer } from "./feed-server.js";
export { GENERATED_FEED_EPOCH, generatedFeed } from "./generated-feed.js";
