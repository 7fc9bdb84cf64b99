/** What the CMS or the publisher said when a request from the admin failed (Strapi's error shape or ours), or the fallback. */
export const errorMessage = (error: unknown, fallback: string): string => {
  const data = (error as { response?: { data?: { message?: string; error?: { message?: string } } } }).response?.data;
  return data?.message ?? data?.error?.message ?? fallback;
};
