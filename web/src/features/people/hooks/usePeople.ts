import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { api, filterParam, idempotencyKey, unwrap } from "../../../api/client";
import { isConflict } from "../../../api/errors";
import type { Person, PersonCreate, PersonUpdate } from "../../../api/types";
import { bulkOutcome, recordBulk } from "../../../lib/bulk";
import {
  infiniteListOptions,
  type PageFetcher,
  useInfiniteList,
  usePickerSearch,
  viewListArgs,
} from "../../../lib/lists";
import type { ListParams } from "../../../lib/useListParams";
import type { SaveVariables } from "../../../ui/record/useEditableRecord";
import { onlineOrLocal, sendOrQueue } from "../../offline/fallback";
import { historyKey } from "../../records/hooks/useRecordHistory";

export const peopleKey = ["people"] as const;
export const PEOPLE_DEFAULT_SORT = "-updated_at";
const personKey = (id: string) => [...peopleKey, "one", id] as const;

export function peoplePages(params: Partial<ListParams>): PageFetcher<Person> {
  // Offline, the list comes from the device's local copy (the bin needs the server).
  return ({ cursor, limit, signal }) =>
    onlineOrLocal(
      () => peoplePage(params, { cursor, limit, signal }),
      async (local) =>
        params.deleted || cursor
          ? undefined
          : local.peoplePage(params.q, params.sort, limit, params.filter),
    );
}

function peoplePage(
  params: Partial<ListParams>,
  { cursor, limit, signal }: { cursor?: string; limit: number; signal?: AbortSignal },
) {
  return unwrap(
    api.GET("/api/v1/people", {
      params: {
        query: {
          q: params.q || undefined,
          sort: params.sort,
          filter: filterParam(params.filter),
          deleted: params.deleted,
          cursor,
          limit,
        },
      },
      signal,
    }),
  );
}

export function peopleListOptions(params: ListParams) {
  return infiniteListOptions(...viewListArgs(peopleKey, params, peoplePages));
}

export function usePeopleList(params: ListParams) {
  return useInfiniteList(...viewListArgs(peopleKey, params, peoplePages));
}

export function usePerson(id: string | null | undefined) {
  return useQuery({
    queryKey: personKey(id ?? ""),
    queryFn: ({ signal }) =>
      onlineOrLocal(
        () =>
          unwrap(
            api.GET("/api/v1/people/{person_id}", { params: { path: { person_id: id! } }, signal }),
          ),
        (local) => local.view<Person>("people", id!),
      ),
    enabled: Boolean(id),
    networkMode: "always",
  });
}

/** People matching what was typed (name, e-mail or phone), first page only: for pickers. */
export function usePersonSearch(q: string, enabled = true) {
  return usePickerSearch(
    [...peopleKey, "search", q],
    (signal) =>
      unwrap(
        api.GET("/api/v1/people", {
          params: { query: { q: q || undefined, limit: 20, sort: "display_name" } },
          signal,
        }),
      ),
    enabled,
  );
}

export function useCreatePerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PersonCreate) =>
      sendOrQueue(
        () =>
          unwrap(
            api.POST("/api/v1/people", {
              body,
              params: { header: { "idempotency-key": idempotencyKey() } },
            }),
          ),
        // Offline: into the outbox, with an id minted here.
        (local) => local.queueCreate<Person>("people", body),
      ),
    networkMode: "always",
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
      sendOrQueue(
        () =>
          unwrap(
            api.PATCH("/api/v1/people/{person_id}", {
              params: { path: { person_id: id }, header: { "If-Match": String(version) } },
              body: changes,
            }),
          ),
        (local) => local.queueUpdate<Person>("people", id, changes),
      ),
    networkMode: "always",
    onSuccess: (person) => {
      client.setQueryData(personKey(id), person);
      void client.invalidateQueries({ queryKey: historyKey("people", id) });
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

/** Admins: bring back a deleted person (a plain function: it outlives the page that deleted). */
export function useRestorePerson() {
  const client = useQueryClient();
  return useCallback(
    async (id: string) => {
      const person = await unwrap(
        api.POST("/api/v1/people/{person_id}/restore", { params: { path: { person_id: id } } }),
      );
      client.setQueryData(personKey(id), person);
      void client.invalidateQueries({ queryKey: [...peopleKey, "list"] });
      return person;
    },
    [client],
  );
}

/** Bulk actions on selected people: one request for updates, one per person for deletes. */
export function usePeopleBulk(options: { canRestore?: boolean } = {}) {
  const client = useQueryClient();
  const restore = useRestorePerson();
  return recordBulk<Person>({
    patch: async (items) =>
      bulkOutcome(await unwrap(api.PATCH("/api/v1/people/bulk", { body: { items } }))),
    remove: (id) =>
      unwrap(api.DELETE("/api/v1/people/{person_id}", { params: { path: { person_id: id } } })),
    restore: options.canRestore ? restore : undefined,
    settled: () => void client.invalidateQueries({ queryKey: peopleKey }),
  });
}
