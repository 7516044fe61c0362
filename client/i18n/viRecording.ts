/** Vietnamese messages of the lesson recording (ghi hình tiết học). */
export const viRecording = {
  'recording.start': 'Ghi hình',
  'recording.stop': 'Dừng ghi hình',
  'recording.indicator': 'Đang ghi hình',
  'recording.notice': 'Tiết học này đang được ghi hình để lưu trữ hồ sơ dạy học của nhà trường.',
  'recording.failed.recorder_died': 'Ghi hình đã dừng do lỗi máy ghi. Tiết học vẫn tiếp tục; phần đã ghi được giữ lại.',
  'recording.failed.disk_full': 'Ghi hình đã dừng vì máy chủ hết dung lượng. Tiết học vẫn tiếp tục; phần đã ghi được giữ lại.',
  'recording.pageTitle': 'Bản ghi hình của tiết học',
  'recording.none': 'Chưa có bản ghi hình nào.',
  'recording.play': 'Xem',
  'recording.download': 'Tải về (MP4)',
  'recording.publish': 'Cho học sinh của lớp xem',
  'recording.retry': 'Xử lý lại',
  'recording.stoppedBy': 'Ghi hình dừng do: {reason}',
  'recording.jobQueued': 'Đang chờ xử lý video…',
  'recording.jobFailed': 'Xử lý video không thành công: {error}',
  'recording.timeLeft': 'còn khoảng {time}',
};
