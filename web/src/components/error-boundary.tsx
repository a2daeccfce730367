import { Component } from "react";
import type { ReactNode } from "react";
import { ErrorNote } from "./error-note.js";

/**
 * Shows an error panel in place of its children when they throw while rendering (a response
 * of an unexpected shape, a bug), so a failing page never leaves a blank screen. Give it a
 * `key` that changes on navigation to try again on the next page.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error?: unknown }> {
  state: { error?: unknown } = {};

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  render() {
    if (!("error" in this.state)) return this.props.children;
    return (
      <section>
        <h1>This page failed</h1>
        <ErrorNote error={this.state.error} />
        <p className="muted">The other sections still work; reload the page to try this one again.</p>
      </section>
    );
  }
}
