import { LoginPage } from '../features/auth/LoginPage.js';
import { PasswordPage } from '../features/auth/PasswordPage.js';
import { RequireAuth } from '../features/auth/RequireAuth.js';
import { HomePage } from '../features/home/HomePage.js';
import { url } from '../state/navigation.js';
import { lazyPage } from './lazyPage.js';
import { LessonRoute } from './LessonRoute.js';
import { parseRoute } from './route.js';

const TeachPage = lazyPage(() => import('../features/teach/TeachPage.js').then((m) => m.TeachPage));
const AdminPage = lazyPage(() => import('../features/admin/AdminPage.js').then((m) => m.AdminPage));
const BankPage = lazyPage(() => import('../features/bank/BankPage.js').then((m) => m.BankPage));

export function App() {
  const route = parseRoute(url.value);
  switch (route.kind) {
    case 'home':
      return <HomePage />;
    case 'login':
      return <LoginPage next={route.next} />;
    case 'password':
      return (
        <RequireAuth allowPasswordChange>
          <PasswordPage next={route.next} />
        </RequireAuth>
      );
    case 'teach':
      return (
        <RequireAuth roles={['teacher']}>
          <TeachPage />
        </RequireAuth>
      );
    case 'admin':
      return (
        <RequireAuth roles={['admin']}>
          <AdminPage />
        </RequireAuth>
      );
    case 'bank':
      return (
        <RequireAuth roles={['teacher', 'admin']}>
          <BankPage />
        </RequireAuth>
      );
    case 'lesson':
      return <LessonRoute key={route.lessonId} lessonId={route.lessonId} token={route.token} />;
  }
}
