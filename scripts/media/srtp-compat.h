#ifndef MS_SRTP_COMPAT_DEBIAN_H
#define MS_SRTP_COMPAT_DEBIAN_H
// libsrtp 3.0 API subset used by mediasoup 3.16-3.19, on top of libsrtp 2.5 (Debian's, or the
// project's OpenSSL build of the same source). Copied to worker/srtp-compat/srtp.h by
// scripts/media/patch-mediasoup-worker.py. Security-relevant: every call checks the output
// buffer's capacity against the input length plus the largest trailer libsrtp 2.5 may append
// (SRTP_MAX_TRAILER_LEN, + 4 for the SRTCP index) before the in-place 2.5 call, and returns
// srtp_err_status_buffer_small instead of writing past it.
#include <srtp2/srtp.h>
#ifdef __cplusplus
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>

// Error codes added in libsrtp 3.0 (same numeric values as libsrtp 3.0).
constexpr srtp_err_status_t srtp_err_status_buffer_small = static_cast<srtp_err_status_t>(28);
constexpr srtp_err_status_t srtp_err_status_cryptex_err  = static_cast<srtp_err_status_t>(29);

inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc)
{
	return srtp_remove_stream(session, ssrc);
}

namespace ms_srtp_compat
{
	using fn2 = srtp_err_status_t (*)(srtp_t, void*, int*);

	// 3.0 style (in, in_len, out, &out_len) on top of 2.x in-place (buf, &len).
	inline srtp_err_status_t Run(
	  fn2 fn, srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen, size_t trailer)
	{
		if (inLen > static_cast<size_t>(INT_MAX) - trailer || *outLen < inLen + trailer)
		{
			return srtp_err_status_buffer_small;
		}
		if (out != in)
		{
			std::memmove(out, in, inLen);
		}
		int len = static_cast<int>(inLen);
		const srtp_err_status_t err = fn(ctx, out, &len);
		if (err == srtp_err_status_ok)
		{
			*outLen = static_cast<size_t>(len);
		}
		return err;
	}
} // namespace ms_srtp_compat

inline srtp_err_status_t srtp_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtpLen, uint8_t* srtp, size_t* srtpLen, size_t /*mkiIndex*/)
{
	return ms_srtp_compat::Run(srtp_protect, ctx, rtp, rtpLen, srtp, srtpLen, SRTP_MAX_TRAILER_LEN);
}
inline srtp_err_status_t srtp_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtpLen, uint8_t* rtp, size_t* rtpLen)
{
	return ms_srtp_compat::Run(srtp_unprotect, ctx, srtp, srtpLen, rtp, rtpLen, 0);
}
inline srtp_err_status_t srtp_protect_rtcp(
  srtp_t ctx, const uint8_t* rtcp, size_t rtcpLen, uint8_t* srtcp, size_t* srtcpLen, size_t /*mkiIndex*/)
{
	return ms_srtp_compat::Run(
	  srtp_protect_rtcp, ctx, rtcp, rtcpLen, srtcp, srtcpLen, SRTP_MAX_TRAILER_LEN + 4);
}
inline srtp_err_status_t srtp_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcpLen, uint8_t* rtcp, size_t* rtcpLen)
{
	return ms_srtp_compat::Run(srtp_unprotect_rtcp, ctx, srtcp, srtcpLen, rtcp, rtcpLen, 0);
}
#endif // __cplusplus
#endif
