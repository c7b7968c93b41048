import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import { onlineOrLocal } from "../../offline/fallback";

export interface SearchHit {
  kind: "person" | "company" | "deal";
  id: string;
  title: string;
  subtitle: string;
  href: string;
}

const LIMIT = 5;

async function searchAll(q: string, signal: AbortSignal): Promise<SearchHit[]> {
  const query = { q, limit: LIMIT };
  // Offline (or the server unreachable): the same search over the device's local copy.
  const { people, companies, deals } = await onlineOrLocal(
    async () => {
      const [people, companies, deals] = await Promise.all([
        unwrap(api.GET("/api/v1/people", { params: { query }, signal })),
        unwrap(api.GET("/api/v1/companies", { params: { query }, signal })),
        unwrap(api.GET("/api/v1/deals", { params: { query }, signal })),
      ]);
      return { people: people.items, companies: companies.items, deals: deals.items };
    },
    (local) => local.search(q, LIMIT),
  );
  return [
    ...people.map<SearchHit>((p) => ({
      kind: "person",
      id: p.id,
      title: p.display_name,
      subtitle: [p.primary_email, p.primary_phone, p.city].filter(Boolean).join(" · "),
      href: `/people/${p.id}`,
    })),
    ...companies.map<SearchHit>((c) => ({
      kind: "company",
      id: c.id,
      title: c.name,
      subtitle: [c.domain, c.city].filter(Boolean).join(" · "),
      href: `/companies/${c.id}`,
    })),
    ...deals.map<SearchHit>((d) => ({
      kind: "deal",
      id: d.id,
      title: d.name,
      subtitle: d.status,
      href: `/deals/${d.id}`,
    })),
  ];
}

/** People, companies and deals matching what is typed, in any script. */
export function useGlobalSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: ["search", term],
    queryFn: ({ signal }) => searchAll(term, signal),
    enabled: term.length > 0,
    staleTime: 10_000,
    networkMode: "always",
    placeholderData: (previous) => previous,
  });
}
