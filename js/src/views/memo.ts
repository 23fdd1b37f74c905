// A component that re-renders only when one of its props changes identity (what React's memo does;
// preact/compat would bring it, but compat also rewrites onChange into onInput, which we do not want).
import { Component, type FunctionComponent, h } from "preact";

export function memo<P extends object>(inner: FunctionComponent<P>): FunctionComponent<P> {
  class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      const keys = new Set([...Object.keys(next), ...Object.keys(this.props)]) as Set<keyof P>;
      for (const key of keys) if (next[key] !== this.props[key]) return true;
      return false;
    }
    override render(props: P) {
      return h(inner, props);
    }
  }
  return Memo as unknown as FunctionComponent<P>;
}
