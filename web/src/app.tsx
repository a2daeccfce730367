import { ErrorBoundary } from "./components/error-boundary.js";
import { CollectionsPage } from "./pages/collections-page.js";
import { EvalComparePage } from "./pages/eval-compare-page.js";
import { EvalRunPage } from "./pages/eval-run-page.js";
import { EvalsPage } from "./pages/evals-page.js";
import { ExperimentsPage } from "./pages/experiments-page.js";
import { PlaygroundPage } from "./pages/playground-page.js";
import { PromptsPage } from "./pages/prompts-page.js";
import { RadarPage } from "./pages/radar-page.js";
import { TraceDetailPage } from "./pages/trace-detail-page.js";
import { TracesPage } from "./pages/traces-page.js";
import { Link, useLocation } from "./router.js";

const sections = [
  { path: "/traces", label: "Traces" },
  { path: "/playground", label: "Playground" },
  { path: "/prompts", label: "Prompts" },
  { path: "/evals", label: "Evals" },
  { path: "/experiments", label: "Experiments" },
  { path: "/collections", label: "Collections" },
  { path: "/radar", label: "Radar" },
];

/** The workbench: a top bar of sections and the page for the current path, which shows an error panel if it fails. */
export function App() {
  const { path, query } = useLocation();
  const section = sections.find((item) => path === item.path || path.startsWith(`${item.path}/`))?.path ?? "/traces";
  return (
    <>
      <header className="top">
        <Link to="/traces" className="brand">
          Flywheel
        </Link>
        <nav>
          {sections.map((item) => (
            <Link key={item.path} to={item.path} className={item.path === section ? "active" : undefined} aria-current={item.path === section ? "page" : undefined}>
              {item.label}
            </Link>
          ))}
        </nav>
      </header>
      <main>
        <ErrorBoundary key={path}>
          <Page path={path} query={query} />
        </ErrorBoundary>
      </main>
    </>
  );
}

function Page(props: { path: string; query: URLSearchParams }) {
  const { path, query } = props;
  const [, first, second] = path.split("/").map(decodeURIComponent);
  switch (first) {
    case "playground":
      return <PlaygroundPage />;
    case "prompts":
      return <PromptsPage />;
    case "evals":
      if (second === "compare") return <EvalComparePage a={query.get("a") ?? ""} b={query.get("b") ?? ""} />;
      if (second !== undefined && second !== "") return <EvalRunPage id={second} />;
      return <EvalsPage />;
    case "experiments":
      return <ExperimentsPage name={second === undefined || second === "" ? undefined : second} />;
    case "collections":
      return <CollectionsPage />;
    case "radar":
      return <RadarPage id={second === undefined || second === "" ? undefined : second} />;
    case "traces":
      if (second !== undefined && second !== "") return <TraceDetailPage id={second} />;
      return <TracesPage />;
    default:
      return <TracesPage />;
  }
}
