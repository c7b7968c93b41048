import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { api, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import { companiesKey } from "../../companies/hooks/useCompanies";
import { onlineOrLocal, sendOrQueue } from "../../offline/fallback";
import { peopleKey } from "../../people/hooks/usePeople";
import type { LatLng } from "../lib/geo";

type S = components["schemas"];
export type NearbyItem = S["NearbyItem"];
export type RouteOut = S["RouteOut"];
/** `pending`: logged on this device, waiting in the outbox (the server measures it on sync). */
export type CheckInOut = S["CheckInOut"] & { pending?: boolean };
export type RecordKind = S["RecordKind"];

export const geoKey = ["geo"] as const;

export function useMapSettings() {
  return useQuery({
    queryKey: [...geoKey, "settings"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/geo/settings", { signal })),
    staleTime: 60 * 60 * 1000,
  });
}

const NEARBY_LIMIT = 100;

export function useNearby(point: LatLng | null, radiusKm: number, kind: RecordKind) {
  return useQuery({
    queryKey: [...geoKey, "nearby", point?.latitude, point?.longitude, radiusKm, kind],
    queryFn: ({ signal }) =>
      onlineOrLocal(
        () =>
          unwrap(
            api.GET("/api/v1/geo/nearby", {
              params: {
                query: {
                  lat: point!.latitude,
                  lng: point!.longitude,
                  radius_km: radiusKm,
                  kind,
                  limit: NEARBY_LIMIT,
                },
              },
              signal,
            }),
          ),
        // Offline: the same search over the customers synced to this device.
        (local) => local.nearby(point!, radiusKm, kind, NEARBY_LIMIT),
      ),
    enabled: point !== null,
    networkMode: "always",
    placeholderData: (previous) => previous,
  });
}

export function useRoute(date: string, start: LatLng | null) {
  return useQuery({
    queryKey: [...geoKey, "route", date, start?.latitude, start?.longitude],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/geo/route", {
          params: {
            query: { date, ...(start ? { lat: start.latitude, lng: start.longitude } : {}) },
          },
          signal,
        }),
      ),
  });
}

/**
 * Check in (POST /geo/check-ins). Offline, a check-in that logs a new visit goes to the outbox
 * as a visit carrying its GPS fix (`visitSubject` names it); checking in on an existing visit
 * needs the server (visits are insert-only offline).
 */
export function useCheckIn(visitSubject?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: S["CheckInCreate"]): Promise<CheckInOut> =>
      sendOrQueue(
        () => unwrap(api.POST("/api/v1/geo/check-ins", { body })),
        async (local) => {
          if (body.activity_id)
            throw new TypeError("Checking in on a planned visit needs a signal");
          return local.queueVisit({
            person_id: body.person_id,
            company_id: body.company_id,
            latitude: body.latitude,
            longitude: body.longitude,
            accuracy_m: body.accuracy_m,
            checked_in_at: body.checked_in_at,
            subject: visitSubject,
          });
        },
      ),
    networkMode: "always",
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["activities"] });
      void client.invalidateQueries({ queryKey: [...geoKey, "route"] });
    },
  });
}

/** Geocode a record from its address (city level offline). */
export function useGeocode(kind: RecordKind, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/geo/geocode/{kind}/{record_id}", {
          params: { path: { kind, record_id: id } },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: kind === "people" ? peopleKey : companiesKey });
    },
  });
}

export type PositionState =
  | { status: "idle" }
  | { status: "locating" }
  | { status: "ok"; point: LatLng; accuracy: number }
  | { status: "error"; reason: "denied" | "unavailable" | "unsupported" };

/** The device's position on demand (navigator.geolocation), as a small state machine. */
export function usePosition() {
  const [state, setState] = useState<PositionState>({ status: "idle" });
  const locate = useCallback(
    () =>
      new Promise<PositionState>((resolve) => {
        if (typeof navigator === "undefined" || !navigator.geolocation) {
          const s: PositionState = { status: "error", reason: "unsupported" };
          setState(s);
          resolve(s);
          return;
        }
        setState({ status: "locating" });
        navigator.geolocation.getCurrentPosition(
          (pos) => {
            const s: PositionState = {
              status: "ok",
              point: { latitude: pos.coords.latitude, longitude: pos.coords.longitude },
              accuracy: pos.coords.accuracy,
            };
            setState(s);
            resolve(s);
          },
          (err) => {
            const s: PositionState = {
              status: "error",
              reason: err.code === err.PERMISSION_DENIED ? "denied" : "unavailable",
            };
            setState(s);
            resolve(s);
          },
          { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
        );
      }),
    [],
  );
  return { state, locate };
}

export function useCheckIns(flaggedOnly: boolean) {
  return useQuery({
    queryKey: [...geoKey, "check-ins", flaggedOnly],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/geo/check-ins", {
          params: { query: { ...(flaggedOnly ? { flagged: true } : {}), limit: 100 } },
          signal,
        }),
      ),
  });
}
