/** Query parameters that only say where a click came from, never what the page is. */
const TRACKING_PARAMETER = /^(utm_.*|mc_.*|fbclid|gclid|dclid|msclkid|yclid|igshid|ref|ref_src|ref_url|_hsenc|_hsmi)$/i;
const ARXIV_HOST = /^(www\.|export\.)?arxiv\.org$/;
/** `/abs/2401.01234v2`, `/pdf/2401.01234v2.pdf`, `/pdf/2401.01234`, and old-style `/abs/cs/0112017v1`. */
const ARXIV_PATH = /^\/(?:abs|pdf)\/((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[a-z]{2})?\/\d{7}))(?:v\d+)?(?:\.pdf)?\/?$/i;

/**
 * The form of a link that two feeds pointing at the same page agree on: lower-case scheme and
 * host, no default port, no fragment, no tracking parameters, sorted query, no trailing slash,
 * and one form for an arXiv paper (`https://arxiv.org/abs/<id>`, whatever version or PDF the
 * link named). A link that does not parse is returned trimmed.
 */
export function canonicalUrl(link: string): string {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return link.trim();
  }
  const arxiv = ARXIV_HOST.test(url.hostname) ? ARXIV_PATH.exec(url.pathname) : null;
  if (arxiv !== null) return `https://arxiv.org/abs/${arxiv[1]!.toLowerCase()}`;
  // URL already lower-cases the scheme and host and drops the scheme's default port.
  const query = [...url.searchParams].filter(([name]) => !TRACKING_PARAMETER.test(name)).sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)));
  const search = query.length === 0 ? "" : `?${new URLSearchParams(query).toString()}`;
  const pathname = url.pathname.replace(/\/+$/, "");
  const authority = url.username === "" ? url.host : `${url.username}${url.password === "" ? "" : `:${url.password}`}@${url.host}`;
  return `${url.protocol}//${authority}${pathname}${search}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
