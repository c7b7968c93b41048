import { Button, Group } from "@mantine/core";
import { notifications } from "@mantine/notifications";

/** A button in a notification ("Undo", "Open"): it closes the notification and runs. */
export interface NotifyAction {
  label: string;
  onClick: () => void;
}

/** A success notification with one action, long enough to notice and reach the button. */
export function showWithAction(message: string, action: NotifyAction, closeLabel: string): string {
  const id = notifications.show({
    color: "brand",
    closeButtonProps: { "aria-label": closeLabel },
    // Hovering keeps it open.
    autoClose: 8000,
    message: (
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <span style={{ minWidth: 0 }}>{message}</span>
        <Button
          size="compact-sm"
          variant="light"
          style={{ flexShrink: 0 }}
          onClick={() => {
            notifications.hide(id);
            action.onClick();
          }}
        >
          {action.label}
        </Button>
      </Group>
    ),
  });
  return id;
}
