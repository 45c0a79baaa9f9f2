/* Zero-length and one-element trailing arrays, in a header. */

struct fx_hdr {
	u32 len;
	u8 data[0];
};

union fx_payload {
	u32 word;
	u8 bytes[1];
};

/* Near miss: a real array, and a flexible array member. */
struct fx_buf {
	u32 len;
	u8 data[16];
	u8 tail[];
};
