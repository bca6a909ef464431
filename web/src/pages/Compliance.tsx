import type { PageProps } from '.';

export function Compliance(_props: PageProps) {
  return <h1>Compliance</h1>;
}
