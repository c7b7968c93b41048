import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./ui/global.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { Providers } from "./app/Providers";
import { createQueryClient } from "./app/queryClient";
import { createRouter } from "./app/router";
import { startPwa } from "./features/offline/pwa";
import { initI18n } from "./i18n";

const i18n = await initI18n();
const queryClient = createQueryClient();
const router = createRouter(queryClient);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <Providers queryClient={queryClient} i18n={i18n}>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);

// The service worker caches the app shell so Sampark opens with no signal; updates wait for
// the user (src/features/offline/pwa.ts).
startPwa();
