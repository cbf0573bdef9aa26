/**
 * autocannon 9 ships no type declarations (and @types/autocannon is not installed): the part of its
 * API the bench uses, from its README.
 */
declare module 'autocannon' {
	namespace autocannon {
		interface Request {
			method?: string;
			path?: string;
			headers?: Record<string, string>;
			body?: string | Buffer;
			setupRequest?: (request: Request, context: Record<string, unknown>) => Request | null | undefined;
			onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => void;
		}

		interface Client {
			setHeaders(headers: Record<string, string>): void;
			setBody(body: string | Buffer): void;
		}

		interface Options {
			url: string;
			connections?: number;
			duration?: number;
			/** seconds */
			timeout?: number;
			pipelining?: number;
			requests?: Request[];
			setupClient?: (client: Client) => void;
		}

		interface Histogram {
			average: number;
			mean: number;
			stddev: number;
			min: number;
			max: number;
			p50: number;
			p90: number;
			p97_5: number;
			p99: number;
		}

		interface Result {
			latency: Histogram;
			requests: Histogram;
			throughput: Histogram;
			totalCompletedRequests: number;
			totalRequests: number;
			errors: number;
			timeouts: number;
			non2xx: number;
			statusCodeStats: Record<string, { count: number }>;
			/** seconds */
			duration: number;
		}

		interface Instance extends PromiseLike<Result> {
			on(event: 'response', listener: (client: Client, statusCode: number, bytes: number, responseTime: number) => void): this;
			on(event: 'done', listener: (result: Result) => void): this;
			stop(): void;
		}
	}

	function autocannon(options: autocannon.Options): autocannon.Instance;
	export default autocannon;
}
