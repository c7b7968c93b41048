import { api, unwrap } from "../../../api/client";
import { useInfiniteList } from "../../../lib/lists";

/** Records whose history readers may see; each is also the first part of its domain's query keys. */
export type HistoryObject = "people" | "companies" | "deals";

/** The query key of a record's history: saving the record invalidates it. */
export const historyKey = (objectType: HistoryObject, id: string) =>
  [objectType, "audit", id] as const;

/** Who changed what and when on one record, newest first, page by page. */
export function useRecordHistory(objectType: HistoryObject, id: string) {
  return useInfiniteList(
    historyKey(objectType, id),
    ({ cursor, limit, signal }) =>
      unwrap(
        api.GET("/api/v1/audit/records/{object_type}/{object_id}", {
          params: { path: { object_type: objectType, object_id: id }, query: { cursor, limit } },
          signal,
        }),
      ),
    { limit: 20 },
  );
}
