import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import { isApiError } from "../../../api/errors";

export const calendarFeedKey = ["me", "calendar-feed"] as const;

/** My feed's state, or null when I have none (404). */
export function useCalendarFeed() {
  return useQuery({
    queryKey: calendarFeedKey,
    queryFn: async ({ signal }) => {
      try {
        return await unwrap(api.GET("/api/v1/me/calendar-feed", { signal }));
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/** Create the feed or give it a new address (the old one stops working). The answer holds the
 * URL, once: it is not stored anywhere by the web app. */
export function useRotateCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/me/calendar-feed")),
    onSuccess: (feed) =>
      client.setQueryData(calendarFeedKey, { ...feed, url: null, webcal_url: null }),
  });
}

export function useRevokeCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/me/calendar-feed")),
    onSuccess: () => client.setQueryData(calendarFeedKey, null),
  });
}
