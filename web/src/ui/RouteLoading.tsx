import { Center, Loader } from "@mantine/core";

export function RouteLoading() {
  return (
    <Center mih="100dvh">
      <Loader aria-label="…" />
    </Center>
  );
}
