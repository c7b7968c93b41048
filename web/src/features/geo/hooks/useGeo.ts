import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { api, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import { companiesKey } from "../../companies/hooks/useCompanies";
import { peopleKey } from "../../people/hooks/usePeople";
import type { LatLng } from "../lib/geo";

type S = components["schemas"];
export type NearbyItem = S["NearbyItem"];
export type RouteOut = S["RouteOut"];
export type CheckInOut = S["CheckInOut"];
export type RecordKind = S["RecordKind"];

export const geoKey = ["geo"] as const;

export function useMapSettings() {
  return useQuery({
    queryKey: [...geoKey, "settings"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/geo/settings", { signal })),
    staleTime: 60 * 60 * 1000,
  });
}

export function useNearby(point: LatLng | null, radiusKm: number, kind: RecordKind) {
  return useQuery({
    queryKey: [...geoKey, "nearby", point?.latitude, point?.longitude, radiusKm, kind],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/geo/nearby", {
          params: {
            query: {
              lat: point!.latitude,
              lng: point!.longitude,
              radius_km: radiusKm,
              kind,
              limit: 100,
            },
          },
          signal,
        }),
      ),
    enabled: point !== null,
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

export function useCheckIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: S["CheckInCreate"]) => unwrap(api.POST("/api/v1/geo/check-ins", { body })),
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
