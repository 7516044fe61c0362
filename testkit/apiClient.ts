/** An HTTP client for tests that keeps the session cookie like a browser does. */

export interface ApiResult<T = unknown> {
  status: number;
  json: T;
  headers: Headers;
  text: string;
  /** The body as sent (text() would drop a UTF-8 BOM). */
  bytes: Buffer;
}

export class ApiClient {
  readonly baseUrl: string;
  cookie = '';

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, options: { contentType?: string; origin?: string } = {}): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (options.origin) headers.origin = options.origin;
    let payload: string | Buffer | undefined;
    if (body !== undefined) {
      const raw = typeof body === 'string' || Buffer.isBuffer(body);
      headers['content-type'] = options.contentType ?? (raw ? 'text/csv' : 'application/json');
      payload = raw ? (body as string | Buffer) : JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0] ?? '';
      this.cookie = /=$/.test(pair) ? '' : pair;
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json: json as T, headers: res.headers, text, bytes };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown, options?: { contentType?: string; origin?: string }) {
    return this.request<T>('POST', path, body ?? {}, options);
  }

  /** Logs in; when the account must change its password first, changes it to `newPassword`. */
  async login(login: string, password: string, newPassword?: string): Promise<void> {
    const r = await this.post<{ mustChangePassword: boolean }>('/api/auth/login', { login, password });
    if (r.status !== 200) throw new Error(`login ${login}: ${r.status} ${r.text}`);
    if (r.json.mustChangePassword) {
      if (!newPassword) throw new Error(`${login} must change the password first`);
      const c = await this.post('/api/auth/password', { currentPassword: password, newPassword });
      if (c.status !== 200) throw new Error(`password change ${login}: ${c.status} ${c.text}`);
    }
  }
}
