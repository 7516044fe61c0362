/** Vietnamese messages of the lesson recording (ghi hình tiết học). */
export const viRecording = {
  'recording.start': 'Ghi hình',
  'recording.stop': 'Dừng ghi hình',
  'recording.indicator': 'Đang ghi hình',
  'recording.notice': 'Tiết học này đang được ghi hình để lưu trữ hồ sơ dạy học của nhà trường.',
  'recording.failed.recorder_died': 'Ghi hình đã dừng do lỗi máy ghi. Tiết học vẫn tiếp tục; phần đã ghi được giữ lại.',
  'recording.failed.disk_full': 'Ghi hình đã dừng vì máy chủ hết dung lượng. Tiết học vẫn tiếp tục; phần đã ghi được giữ lại.',
};
