// The one place that picks the workbench's locale. A browser may report a language tag
// that Intl rejects: Chromium started under LANG=C.UTF-8 reports "en-US@posix". uPlot
// builds a number format from navigator.language as it loads, so such a tag would stop
// the whole app before it renders; importing this module first (chart.tsx does) puts the
// repaired tags in place of the reported ones.

const reported = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
const languages = reported.map(repairTag).filter((tag) => tag !== undefined);

/** The first language the browser reports that Intl accepts (after dropping an `@modifier` and reading `_` as `-`), else en-US. */
export const locale = languages[0] ?? "en-US";

if (languages.length !== reported.length || canonicalTag(navigator.language) === undefined) {
  Object.defineProperty(navigator, "language", { value: locale, configurable: true });
  Object.defineProperty(navigator, "languages", { value: Object.freeze(languages.length > 0 ? languages : [locale]), configurable: true });
}

function repairTag(tag: string): string | undefined {
  return canonicalTag(tag) ?? canonicalTag(tag.replace(/@.*$/, "").replaceAll("_", "-"));
}

function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}
