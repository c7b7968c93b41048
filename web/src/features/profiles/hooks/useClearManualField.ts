import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { Person } from "../../../api/types";

/** The fields whose value survivorship chooses from the person's sources. */
export const GOLDEN_FIELDS = [
  "given_name",
  "family_name",
  "display_name",
  "address_line",
  "city",
  "region",
  "postal_code",
  "country",
  "lead_source",
] as const;

// `DELETE /people/{id}/manual-fields/{field}` is new on main; typed loosely until the
// generated schema has it.
type Loose = {
  DELETE: (
    path: string,
    init: { params: { path: Record<string, string> } },
  ) => Promise<{ data?: Person; error?: unknown; response: Response }>;
};

/** Drop a manual edit: the field is chosen from the person's sources again. */
export function useClearManualField(personId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (field: string) =>
      unwrap(
        (api as unknown as Loose).DELETE("/api/v1/people/{person_id}/manual-fields/{field}", {
          params: { path: { person_id: personId, field } },
        }),
      ),
    onSuccess: (person) => {
      client.setQueryData(["people", "one", personId], person);
      void client.invalidateQueries({ queryKey: ["people", "list"] });
    },
  });
}
