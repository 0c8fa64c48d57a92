import { Type, type Static } from 'typebox';
import { Locale } from './common.js';

export const ROLES = ['user', 'creator', 'merchant', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const Role = Type.Union([
  Type.Literal('user'),
  Type.Literal('creator'),
  Type.Literal('merchant'),
  Type.Literal('moderator'),
  Type.Literal('admin'),
]);

/** Handles are ASCII so they can be typed and mentioned anywhere; display names take any script. */
export const Handle = Type.String({ pattern: '^[A-Za-z0-9_]{3,30}$', description: '3-30 letters, digits or underscores' });
export const DisplayName = Type.String({ minLength: 1, maxLength: 50 });
export const Password = Type.String({ minLength: 8, maxLength: 200 });
export const Bio = Type.String({ maxLength: 300 });

export const PublicUser = Type.Object({
  id: Type.String(),
  handle: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  role: Role,
  verified: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type PublicUser = Static<typeof PublicUser>;

/** The signed-in user's own view of their account. */
export const Me = Type.Object({
  ...PublicUser.properties,
  locale: Type.Union([Locale, Type.Null()]),
});
export type Me = Static<typeof Me>;

export const SignupBody = Type.Object(
  { handle: Handle, displayName: DisplayName, password: Password, locale: Type.Optional(Locale) },
  { additionalProperties: false },
);
export type SignupBody = Static<typeof SignupBody>;

export const LoginBody = Type.Object(
  { handle: Type.String({ minLength: 1, maxLength: 30 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const AuthResult = Type.Object({ user: Me, token: Type.String() });
export type AuthResult = Static<typeof AuthResult>;

export const UpdateMeBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    bio: Type.Optional(Bio),
    locale: Type.Optional(Type.Union([Locale, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const Session = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type Session = Static<typeof Session>;

export const SessionList = Type.Object({ items: Type.Array(Session) });
export type SessionList = Static<typeof SessionList>;

export const AdminUpdateUserBody = Type.Object(
  { role: Type.Optional(Role), verified: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type AdminUpdateUserBody = Static<typeof AdminUpdateUserBody>;
