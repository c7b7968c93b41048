import { type LastUser, lastUser } from "./lastUser";
import { useSession } from "./useSession";

/** The signed-in user, or — offline — the last one seen on this device. */
export function useMe(): LastUser | null {
  const session = useSession();
  return session.data?.user ?? (session.isError ? lastUser() : null);
}
