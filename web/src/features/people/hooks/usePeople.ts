import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, filterParam, idempotencyKey, unwrap } from "../../../api/client";
import { isConflict } from "../../../api/errors";
import type { Person, PersonCreate, PersonUpdate } from "../../../api/types";
import { eachLimited, withTag } from "../../../lib/bulk";
import { infiniteListOptions, type PageFetcher, useInfiniteList } from "../../../lib/lists";
import type { ListParams } from "../../../lib/useListParams";
import type { SaveVariables } from "../../../ui/record/useEditableRecord";

export const peopleKey = ["people"] as const;
export const PEOPLE_DEFAULT_SORT = "-updated_at";
const personKey = (id: string) => [...peopleKey, "one", id] as const;

export function peoplePages(params: Partial<ListParams>): PageFetcher<Person> {
  return ({ cursor, limit, signal }) =>
    unwrap(
      api.GET("/api/v1/people", {
        params: {
          query: {
            q: params.q || undefined,
            sort: params.sort,
            filter: filterParam(params.filter),
            cursor,
            limit,
          },
        },
        signal,
      }),
    );
}

export function peopleListOptions(params: ListParams) {
  const { cursor, ...view } = params;
  return infiniteListOptions([...peopleKey, "list", view], peoplePages(params), {
    initialCursor: cursor,
  });
}

export function usePeopleList(params: ListParams) {
  const { cursor, ...view } = params;
  return useInfiniteList([...peopleKey, "list", view], peoplePages(params), {
    initialCursor: cursor,
  });
}

export function usePerson(id: string) {
  return useQuery({
    queryKey: personKey(id),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/people/{person_id}", { params: { path: { person_id: id } }, signal }),
      ),
  });
}

export function useCreatePerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PersonCreate) =>
      unwrap(
        api.POST("/api/v1/people", {
          body,
          params: { header: { "idempotency-key": idempotencyKey() } },
        }),
      ),
    onSuccess: (person) => {
      client.setQueryData(personKey(person.id), person);
      void client.invalidateQueries({ queryKey: [...peopleKey, "list"] });
    },
  });
}

/** Save changes with the version read; on 412 the cache takes the server's current record. */
export function useUpdatePerson(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ version, changes }: SaveVariables<PersonUpdate>) =>
      unwrap(
        api.PATCH("/api/v1/people/{person_id}", {
          params: { path: { person_id: id }, header: { "If-Match": String(version) } },
          body: changes,
        }),
      ),
    onSuccess: (person) => {
      client.setQueryData(personKey(id), person);
      void client.invalidateQueries({ queryKey: [...peopleKey, "list"] });
    },
    onError: (error) => {
      if (isConflict(error) && error.problem.current)
        client.setQueryData(personKey(id), error.problem.current as Person);
    },
  });
}

export function useDeletePerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/people/{person_id}", { params: { path: { person_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: peopleKey }),
  });
}

async function bulkPatch(items: { id: string; version: number; changes: PersonUpdate }[]) {
  const result = await unwrap(api.PATCH("/api/v1/people/bulk", { body: { items } }));
  return { succeeded: result.succeeded, failed: result.failed };
}

/** Bulk actions on selected people: one request for updates, one per person for deletes. */
export function usePeopleBulk() {
  const client = useQueryClient();
  const done = <T>(result: T) => {
    void client.invalidateQueries({ queryKey: peopleKey });
    return result;
  };
  return {
    assign: (rows: Person[], ownerId: string) =>
      bulkPatch(
        rows.map((p) => ({ id: p.id, version: p.version, changes: { owner_id: ownerId } })),
      ).then(done),
    addTag: (rows: Person[], tag: string) =>
      bulkPatch(
        rows.map((p) => ({
          id: p.id,
          version: p.version,
          changes: { tags: withTag(p.tags, tag) },
        })),
      ).then(done),
    remove: (rows: Person[]) =>
      eachLimited(rows, (p) =>
        unwrap(api.DELETE("/api/v1/people/{person_id}", { params: { path: { person_id: p.id } } })),
      ).then(done),
  };
}
