import { useEffect, useState } from 'preact/hooks';

/** The current time, refreshed every `periodMs` (the header's elapsed clock). */
export function useNow(periodMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}
