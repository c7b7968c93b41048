import { useQuery } from "@tanstack/react-query";
import { api, filterParam, unwrap } from "../../../api/client";
import type { FilterNode } from "../../../lib/filter";
import { onlineOrLocal } from "../../offline/fallback";

export function monthRange(now = new Date()): [string, string] {
  const pad = (n: number) => String(n).padStart(2, "0");
  const first = new Date(now.getFullYear(), now.getMonth(), 1);
  const last = new Date(now.getFullYear(), now.getMonth() + 1, 0);
  const iso = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return [iso(first), iso(last)];
}

export function closingThisMonthFilter(ownerId: string, now = new Date()): FilterNode {
  return {
    and: [
      { field: "owner_id", op: "eq", value: ownerId },
      { field: "status", op: "eq", value: "open" },
      { field: "expected_close_date", op: "between", value: monthRange(now) },
    ],
  };
}

/** My open deals expected to close this month (up to 200, enough for a total). */
export function useClosingThisMonth(ownerId: string | undefined) {
  return useQuery({
    queryKey: ["deals", "list", "closing-this-month", ownerId, monthRange()[0]],
    queryFn: ({ signal }) =>
      onlineOrLocal(
        () =>
          unwrap(
            api.GET("/api/v1/deals", {
              params: {
                query: {
                  filter: filterParam(closingThisMonthFilter(ownerId!)),
                  sort: "expected_close_date",
                  limit: 200,
                },
              },
              signal,
            }),
          ),
        (local) => local.closingDeals(ownerId!, monthRange()),
      ),
    enabled: Boolean(ownerId),
    networkMode: "always",
  });
}
