import type { PageProps } from '.';

export function People(_props: PageProps) {
  return <h1>People</h1>;
}
