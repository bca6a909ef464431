import type { PageProps } from '.';

export function Admit(_props: PageProps) {
  return <h1>Admit</h1>;
}
