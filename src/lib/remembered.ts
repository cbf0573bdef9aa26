/**
 * `make(key)`, made once per key and remembered: for texts that are slow to make (Intl formatting
 * costs about a microsecond) and recur from page to page. Bounded: past `max` keys the memory
 * starts over, so it never grows with the data.
 */
export function remembered<K, V>(make: (key: K) => V, max: number): (key: K) => V {
	const made = new Map<K, V>();
	return (key) => {
		let value = made.get(key);
		if (value === undefined) {
			if (made.size >= max) made.clear();
			value = make(key);
			made.set(key, value);
		}
		return value;
	};
}
