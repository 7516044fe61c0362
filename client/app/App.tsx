import { RequireAuth } from '../features/auth/RequireAuth.js';
import { url } from '../state/navigation.js';
import { lazyPage } from './lazyPage.js';
import { LessonRoute } from './LessonRoute.js';
import { parseRoute } from './route.js';

/**
 * Every page but the lesson's is a chunk of its own: a join link (`/lesson/…`, issue 10) downloads
 * only the join page's code before "Vào lớp"; the home page with the timetable, the sign-in and
 * the password pages come on their first use: lazily loaded chunks (client/vite.config.ts).
 */
const HomePage = lazyPage(() => import('../features/home/HomePage.js').then((m) => m.HomePage));
const LoginPage = lazyPage<{ next: string | null }>(() => import('../features/auth/LoginPage.js').then((m) => m.LoginPage));
const PasswordPage = lazyPage<{ next: string | null }>(() => import('../features/auth/PasswordPage.js').then((m) => m.PasswordPage));
const TeachPage = lazyPage(() => import('../features/teach/TeachPage.js').then((m) => m.TeachPage));
const AdminPage = lazyPage(() => import('../features/admin/AdminPage.js').then((m) => m.AdminPage));
const BankPage = lazyPage(() => import('../features/bank/BankPage.js').then((m) => m.BankPage));
const WorkPage = lazyPage(() => import('../features/work/WorkPage.js').then((m) => m.WorkPage));
const AssignmentPage = lazyPage(() => import('../features/work/AssignmentPage.js').then((m) => m.AssignmentPage));
const GradingPage = lazyPage(() => import('../features/work/GradingPage.js').then((m) => m.GradingPage));
const GradebookPage = lazyPage(() => import('../features/work/GradebookPage.js').then((m) => m.GradebookPage));
const ResultsPage = lazyPage(() => import('../features/work/ResultsPage.js').then((m) => m.ResultsPage));
const ExamsPage = lazyPage(() => import('../features/exams/ExamsPage.js').then((m) => m.ExamsPage));
const ProctorPage = lazyPage<{ examId: string }>(() => import('../features/exams/ProctorPage.js').then((m) => m.ProctorPage));
const QaPage = lazyPage<{ questionId: string | null }>(() => import('../features/classQa/QaPage.js').then((m) => m.QaPage));
const StatisticsPage = lazyPage(() => import('../features/stats/StatisticsPage.js').then((m) => m.StatisticsPage));
const ExamResultsPage = lazyPage<{ examId: string }>(() => import('../features/exams/ExamResultsPage.js').then((m) => m.ExamResultsPage));
const AttemptPage = lazyPage<{ examId: string; attemptId: string }>(() => import('../features/exams/AttemptPage.js').then((m) => m.AttemptPage));
const RecordingsPage = lazyPage<{ lessonId: string }>(() => import('../features/recording/RecordingsPage.js').then((m) => m.RecordingsPage));
const PlaybackPage = lazyPage<{ recordingId: string }>(() => import('../features/recording/PlaybackPage.js').then((m) => m.PlaybackPage));
const ArchivePage = lazyPage(() => import('../features/admin/ArchivePage.js').then((m) => m.ArchivePage));
const MaterialsPage = lazyPage(() => import('../features/materials/MaterialsPage.js').then((m) => m.MaterialsPage));
const MaterialPage = lazyPage<{ materialId: string }>(() => import('../features/materials/MaterialPage.js').then((m) => m.MaterialPage));
const TakeExamPage = lazyPage<{ examId: string; attemptId?: string }>(() => import('../features/exams/TakeExamPage.js').then((m) => m.TakeExamPage));

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
    case 'work':
      return (
        <RequireAuth roles={['teacher', 'student', 'parent']}>
          <WorkPage />
        </RequireAuth>
      );
    case 'assignment':
      return (
        <RequireAuth roles={['teacher', 'student', 'parent', 'admin']}>
          <AssignmentPage assignmentId={route.assignmentId} />
        </RequireAuth>
      );
    case 'grading':
      return (
        <RequireAuth roles={['teacher']}>
          <GradingPage assignmentId={route.assignmentId} />
        </RequireAuth>
      );
    case 'gradebook':
      return (
        <RequireAuth roles={['teacher']}>
          <GradebookPage />
        </RequireAuth>
      );
    case 'results':
      return (
        <RequireAuth roles={['student', 'parent']}>
          <ResultsPage />
        </RequireAuth>
      );
    case 'exams':
      return (
        <RequireAuth roles={['teacher', 'student']}>
          <ExamsPage />
        </RequireAuth>
      );
    case 'proctor':
      return (
        <RequireAuth roles={['teacher']}>
          <ProctorPage examId={route.examId} />
        </RequireAuth>
      );
    case 'examResults':
      return (
        <RequireAuth roles={['teacher']}>
          <ExamResultsPage key={route.examId} examId={route.examId} />
        </RequireAuth>
      );
    case 'examAttempt':
      return (
        <RequireAuth roles={['teacher']}>
          <AttemptPage key={route.attemptId} examId={route.examId} attemptId={route.attemptId} />
        </RequireAuth>
      );
    case 'myAttempt':
      return (
        <RequireAuth roles={['student']}>
          <TakeExamPage key={route.attemptId} examId={route.examId} attemptId={route.attemptId} />
        </RequireAuth>
      );
    case 'exam':
      return (
        <RequireAuth roles={['student']}>
          <TakeExamPage key={route.examId} examId={route.examId} />
        </RequireAuth>
      );
    case 'statistics':
      // The principal is a teacher with the principal's duty (classroom/authz): the server decides the scope.
      return (
        <RequireAuth roles={['admin', 'teacher']}>
          <StatisticsPage />
        </RequireAuth>
      );
    case 'qa':
      // Parents see nothing of the class Q&A (classroom/authz qa.read); the admin reads only.
      return (
        <RequireAuth roles={['teacher', 'student', 'admin']}>
          <QaPage questionId={route.questionId} />
        </RequireAuth>
      );
    case 'materials':
      return (
        <RequireAuth roles={['teacher', 'student', 'admin']}>
          <MaterialsPage />
        </RequireAuth>
      );
    case 'material':
      return (
        <RequireAuth roles={['teacher', 'student', 'admin']}>
          <MaterialPage key={route.materialId} materialId={route.materialId} />
        </RequireAuth>
      );
    case 'recordings':
      return (
        <RequireAuth roles={['teacher', 'student', 'admin']}>
          <RecordingsPage key={route.lessonId} lessonId={route.lessonId} />
        </RequireAuth>
      );
    case 'playback':
      // Who may watch is the server's rule (the lesson's teacher, the admin, the principal, the class once published): 404 otherwise.
      return (
        <RequireAuth roles={['teacher', 'student', 'admin']}>
          <PlaybackPage key={route.recordingId} recordingId={route.recordingId} />
        </RequireAuth>
      );
    case 'archive':
      // The admin, and a teacher with the principal's duty (archive.export): the server decides.
      return (
        <RequireAuth roles={['admin', 'teacher']}>
          <ArchivePage />
        </RequireAuth>
      );
    case 'lesson':
      return <LessonRoute key={route.lessonId} lessonId={route.lessonId} token={route.token} />;
  }
}
