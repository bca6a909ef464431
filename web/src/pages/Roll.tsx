import type { PageProps } from '.';

export function Roll(_props: PageProps) {
  return <h1>Roll</h1>;
}
