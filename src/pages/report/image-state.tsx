import type { ReportImageState } from "../../images/report-image-state.ts";

/** What became of a report's screenshot, told to its sender. */
export function ImageState(props: { image: ReportImageState }) {
  const { image } = props;
  if (image.state === "reading") {
    return (
      <p class="image-state" data-image="reading">
        图片仍在识别中。识别出的文字会附在你的线索上，供专家核实；凭下面的查询码可查看进度。
      </p>
    );
  }
  if (image.state === "no_text") {
    return (
      <p class="image-state" data-image="no_text">
        截图中没有识别出文字，工作人员会直接查看图片。
      </p>
    );
  }
  return (
    <div class="image-state" data-image="read">
      <p>从截图中识别出的文字：</p>
      <blockquote class="recognised">{image.recognisedText}</blockquote>
    </div>
  );
}
