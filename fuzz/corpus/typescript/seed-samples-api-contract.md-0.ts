export type CourseLevel = 'beginner' | 'intermediate' | 'advanced';
export type EnrollmentStatus = 'active' | 'completed' | 'refunded';

export interface Instructor {
  id: string;
  displayName: string;
  bio?: string;
  email: string;
  payoutAccount?: { iban: string; holder: string };
  createdAt: string;
}

export interface Course {
  id: string;
  slug: string;
  title: string;
  summary?: string;
  level: CourseLevel;
  priceCents: number;
  published: boolean;
  instructorId: string;
  coInstructorId?: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Lesson {
  id: string;
  courseId: string;
  position: number;
  title: string;
  videoUrl?: string;
  durationSeconds: number;
  resources: { label: string; url: string }[];
}

export interface Learner {
  id: string;
  email: string;
  name: string;
  timezone?: string;
  marketingOptIn: boolean;
}

export interface Enrollment {
  id: string;
  learnerId: string;
  courseId: string;
  status: EnrollmentStatus;
  enrolledAt: string;
  completedAt?: string;
}

export interface LessonProgress {
  id: string;
  enrollmentId: string;
  lessonId: string;
  secondsWatched: number;
  completed: boolean;
  updatedAt: string;
}
