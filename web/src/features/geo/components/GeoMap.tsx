import "leaflet/dist/leaflet.css";
import L from "leaflet";
import { useEffect, useRef } from "react";
import { useMapSettings } from "../hooks/useGeo";
import { boundsOf, type LatLng } from "../lib/geo";

export interface MapMarker extends LatLng {
  id: string;
  label: string;
}

interface Props {
  markers: MapMarker[];
  /** Draw a line through the markers in order (a route). */
  path?: boolean;
  /** The viewer's own point, drawn as a ring. */
  here?: LatLng | null;
  height?: number;
  label: string;
}

/**
 * A Leaflet map with circle markers (no marker images to fetch). Tiles come from the server's
 * setting; with none configured, or tiles blocked or offline, the markers still show on a
 * blank map and the list beside it carries everything.
 */
export function GeoMap({ markers, path = false, here = null, height = 280, label }: Props) {
  const box = useRef<HTMLElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const settings = useMapSettings();
  const tileUrl = settings.data?.tile_url ?? "";
  const attribution = settings.data?.tile_attribution ?? "";

  useEffect(() => {
    if (!box.current || map.current) return;
    map.current = L.map(box.current, { zoomControl: true, attributionControl: true }).setView(
      [23.8, 90.4],
      6,
    );
    layer.current = L.layerGroup().addTo(map.current);
    return () => {
      map.current?.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m || !tileUrl) return;
    const tiles = L.tileLayer(tileUrl, { attribution, maxZoom: 19 }).addTo(m);
    return () => {
      tiles.remove();
    };
  }, [tileUrl, attribution]);

  useEffect(() => {
    const m = map.current;
    const group = layer.current;
    if (!m || !group) return;
    group.clearLayers();
    for (const [index, p] of markers.entries()) {
      L.circleMarker([p.latitude, p.longitude], {
        radius: 8,
        color: "#1c7ed6",
        fillOpacity: 0.8,
      })
        .bindTooltip(path ? `${index + 1}. ${p.label}` : p.label)
        .addTo(group);
    }
    if (path && markers.length > 1) {
      const line: L.LatLngExpression[] = [
        ...(here ? [[here.latitude, here.longitude] as [number, number]] : []),
        ...markers.map((p) => [p.latitude, p.longitude] as [number, number]),
      ];
      L.polyline(line, { color: "#e8590c", weight: 3 }).addTo(group);
    }
    if (here) {
      L.circleMarker([here.latitude, here.longitude], {
        radius: 7,
        color: "#2f9e44",
        fillOpacity: 0.3,
      }).addTo(group);
    }
    const bounds = boundsOf(here ? [...markers, here] : markers);
    if (bounds) {
      const [[s, w], [n, e]] = bounds;
      if (s === n && w === e) m.setView([s, w], 14);
      else m.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    }
  }, [markers, path, here]);

  return (
    <section
      ref={box}
      aria-label={label}
      data-testid="geo-map"
      style={{ height, width: "100%", borderRadius: 8, zIndex: 0 }}
    />
  );
}
