import { phase } from '../state/connection.js';
import { FinalScreen } from '../features/final/FinalScreen.js';
import { HomePage } from '../features/home/HomePage.js';
import { JoinPage } from '../features/join/JoinPage.js';
import { LessonView } from '../features/lesson/LessonView.js';
import { WaitingScreen } from '../features/lesson/WaitingScreen.js';
import type { Route } from './route.js';

export function App({ route }: { route: Route }) {
  if (route.kind === 'home') return <HomePage />;
  switch (phase.value) {
    case 'join':
    case 'connecting':
      return <JoinPage lessonId={route.lessonId} token={route.token} />;
    case 'waiting':
      return <WaitingScreen />;
    case 'live':
      return <LessonView />;
    case 'final':
      return <FinalScreen />;
  }
}
