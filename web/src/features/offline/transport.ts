/** The sync endpoints (docs/sync.md), each call carrying the device header. */
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";

export type PullOut = components["schemas"]["PullOut"];
export type PushOut = components["schemas"]["PushOut"];
export type MutationIn = components["schemas"]["Mutation"];
export type MutationResult = components["schemas"]["MutationResult"];
export type SyncConflict = components["schemas"]["ConflictOut"];
export type Choice = components["schemas"]["Choice"];

export interface Transport {
  register(id: string, name: string): Promise<unknown>;
  pull(device: string, cursor: string | null, limit: number): Promise<PullOut>;
  push(device: string, mutations: MutationIn[]): Promise<PushOut>;
  conflicts(device: string): Promise<SyncConflict[]>;
  resolve(device: string, id: string, choice: Choice): Promise<unknown>;
}

export const APP_SCHEMA_VERSION = 1;

const header = (device: string) => ({ "X-Sampark-Device": device });

export const httpTransport: Transport = {
  register: (id, name) =>
    unwrap(
      api.POST("/api/v1/sync/devices", {
        body: { id, name, platform: "web", app_schema_version: APP_SCHEMA_VERSION },
      }),
    ),
  pull: (device, cursor, limit) =>
    unwrap(
      api.GET("/api/v1/sync/pull", {
        params: { query: { cursor: cursor ?? undefined, limit } },
        headers: header(device),
      }),
    ),
  push: (device, mutations) =>
    unwrap(api.POST("/api/v1/sync/push", { body: { mutations }, headers: header(device) })),
  conflicts: async (device) =>
    (
      await unwrap(
        api.GET("/api/v1/sync/conflicts", {
          params: { query: { status: "open" } },
          headers: header(device),
        }),
      )
    ).items,
  resolve: (device, id, choice) =>
    unwrap(
      api.POST("/api/v1/sync/conflicts/{conflict_id}/resolve", {
        params: { path: { conflict_id: id } },
        body: { choice },
        headers: header(device),
      }),
    ),
};
