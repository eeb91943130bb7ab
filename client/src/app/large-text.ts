import { useEffect, useState } from 'react';

const KEY = 'daiban.largeText';

/** Large-text mode, for reading guidance to elderly villagers; remembered on the device. */
export function useLargeText(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => localStorage.getItem(KEY) === '1');
  useEffect(() => {
    document.documentElement.classList.toggle('large-text', on);
    localStorage.setItem(KEY, on ? '1' : '0');
  }, [on]);
  return [on, setOn];
}
