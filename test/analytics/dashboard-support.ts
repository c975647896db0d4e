import { TEST_ADMIN_TOKEN } from '../support/constants';
import { ORIGIN, request } from '../support/http';

let clients = 0;
/** A client address of its own per sign-in, so tests stay under the sign-in rate limit unless they mean not to. */
export const freshClientAddress = () => `2001:db8::${(++clients).toString(16)}`;

/** Signs in through the form as a browser would, and answers the session cookie (name=value). */
export async function signIn(
  token = TEST_ADMIN_TOKEN,
  address = freshClientAddress(),
): Promise<{ res: Response; cookie: string | undefined }> {
  const res = await request('/admin/analytics/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': address },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
  return { res, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

/** A GET with a fresh session cookie. */
export async function signedIn(path: string): Promise<Response> {
  const { cookie } = await signIn();
  return request(path, { headers: { cookie: cookie! }, redirect: 'manual' });
}
