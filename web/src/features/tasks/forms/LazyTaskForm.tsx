import { Center, Loader } from "@mantine/core";
import { type ComponentProps, lazy, Suspense } from "react";

// The date pickers are only fetched when someone opens the form.
const TaskFormChunk = lazy(async () => ({ default: (await import("./TaskForm")).TaskForm }));

export function LazyTaskForm(props: ComponentProps<typeof TaskFormChunk>) {
  return (
    <Suspense
      fallback={
        <Center py="lg">
          <Loader />
        </Center>
      }
    >
      <TaskFormChunk {...props} />
    </Suspense>
  );
}
