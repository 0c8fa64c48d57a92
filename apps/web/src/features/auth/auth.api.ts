import type { AuthResult, LoginBody, SignupBody } from '@souk/contracts';
import { api } from '../../lib/api.js';

export const signUp = (body: SignupBody) => api.post<AuthResult>('/api/auth/signup', body);
export const logIn = (body: LoginBody) => api.post<AuthResult>('/api/auth/login', body);
export const logOut = () => api.post<void>('/api/auth/logout');
