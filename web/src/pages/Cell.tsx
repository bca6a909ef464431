import type { PageProps } from '.';

export function Cell(_props: PageProps) {
  return <h1>Cell</h1>;
}
