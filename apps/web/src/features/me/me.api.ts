import type { ChangePasswordBody, Me, SessionList, UpdateMeBody } from '@souk/contracts';
import { api } from '../../lib/api.js';

export const fetchMe = (signal?: AbortSignal) => api.get<Me>('/api/me', signal);
export const updateMe = (body: UpdateMeBody) => api.patch<Me>('/api/me', body);
export const changePassword = (body: ChangePasswordBody) => api.post<void>('/api/me/password', body);

export function uploadAvatar(file: File): Promise<Me> {
  const form = new FormData();
  form.append('file', file);
  return api.put<Me>('/api/me/avatar', form);
}
export const deleteAvatar = () => api.delete<Me>('/api/me/avatar');

export const fetchSessions = (signal?: AbortSignal) => api.get<SessionList>('/api/me/sessions', signal);
export const revokeSession = (id: string) => api.delete<void>(`/api/me/sessions/${encodeURIComponent(id)}`);
