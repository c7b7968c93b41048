import { notifications } from "@mantine/notifications";
import i18n, { type TFunction } from "i18next";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { type FieldProblem, isApiError, isNetworkError } from "../api/errors";
import { type NotifyAction, showWithAction } from "./notifyAction";

/** Every API failure becomes a translated sentence here, and only here. */
export function describeError(t: TFunction, error: unknown): string {
  if (isNetworkError(error)) return t("common:errors.network");
  if (!isApiError(error)) return t("common:errors.unknown");
  const byCode = error.code ? t(`common:errors.codes.${error.code}`, { defaultValue: "" }) : "";
  if (byCode) return byCode;
  switch (error.status) {
    case 401:
      return t("common:errors.unauthorized");
    case 403:
      return t("common:errors.forbidden");
    case 404:
      return t("common:errors.notFound");
    case 409:
      return error.problem.detail ?? t("common:errors.conflict");
    case 412:
      return t("common:errors.stale");
    case 422:
      return t("common:errors.validation");
    case 429:
      return t("common:errors.rateLimited");
    default:
      return error.status >= 500
        ? t("common:errors.server", { id: error.problem.request_id ?? "" })
        : (error.problem.detail ?? t("common:errors.unknown"));
  }
}

/**
 * A field's message. The API writes precise English ("not a valid e-mail address: …"), so
 * English keeps its words; Bengali and Hindi get a translation by code when there is one.
 */
export function describeFieldProblem(
  t: TFunction,
  problem: FieldProblem,
  language = i18n.language,
): string {
  if (!language || language.startsWith("en")) return problem.message;
  return t(`common:errors.field.${problem.code}`, { defaultValue: problem.message });
}

export function fieldMessages(t: TFunction, error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const item of error.problem.errors ?? []) {
    const key = item.field.replace(/^body\./, "").split(".")[0] ?? item.field;
    out[key] ??= describeFieldProblem(t, item);
  }
  return out;
}

/** For a form's mutation: the server's field errors go next to their fields, anything else
 * (a network failure, a conflict) to a notification. */
export function formErrorHandler(
  t: TFunction,
  form: { setErrors: (errors: Record<string, string>) => void },
  notify: { error: (error: unknown) => void },
): (error: unknown) => void {
  return (error) => {
    const messages = fieldMessages(t, error);
    if (Object.keys(messages).length) form.setErrors(messages);
    else notify.error(error);
  };
}

export function useErrorMessage() {
  const { t } = useTranslation("common");
  return useCallback((error: unknown) => describeError(t, error), [t]);
}

export function useNotify() {
  const { t } = useTranslation("common");
  return {
    error: useCallback(
      (error: unknown) =>
        notifications.show({
          color: "red",
          title: t("errors.title"),
          message: describeError(t, error),
          closeButtonProps: { "aria-label": t("close") },
        }),
      [t],
    ),
    success: useCallback(
      (message: string, action?: NotifyAction) =>
        action
          ? showWithAction(message, action, t("close"))
          : notifications.show({
              color: "brand",
              message,
              autoClose: 2500,
              closeButtonProps: { "aria-label": t("close") },
            }),
      [t],
    ),
  };
}
