import { Skeleton } from "@mantine/core";
import { type ComponentProps, lazy, Suspense } from "react";
import type { LocationCard as Card } from "./LocationCard";

// Leaflet is a chunk of its own: record pages load it only when the card shows.
const LocationCard = lazy(async () => ({ default: (await import("./LocationCard")).LocationCard }));

export function LazyLocationCard(props: ComponentProps<typeof Card>) {
  return (
    <Suspense fallback={<Skeleton height={120} radius="md" />}>
      <LocationCard {...props} />
    </Suspense>
  );
}
