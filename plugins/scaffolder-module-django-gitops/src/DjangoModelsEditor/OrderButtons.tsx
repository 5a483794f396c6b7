import IconButton from '@material-ui/core/IconButton';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import DeleteIcon from '@material-ui/icons/DeleteOutline';

export interface OrderButtonsProps {
  /** What the buttons act on, as their labels name it ("Move Book up"). */
  label: string;
  /** Its place among `count` siblings. */
  index: number;
  count: number;
  onMove(to: number): void;
  onRemove(): void;
}

/** Move up, move down and remove, for a model among the models or a field among its model's. */
export function OrderButtons({ label, index, count, onMove, onRemove }: OrderButtonsProps) {
  return (
    <>
      <IconButton size="small" aria-label={`Move ${label} up`} disabled={index === 0} onClick={() => onMove(index - 1)}>
        <ArrowUpwardIcon fontSize="small" />
      </IconButton>
      <IconButton size="small" aria-label={`Move ${label} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)}>
        <ArrowDownwardIcon fontSize="small" />
      </IconButton>
      <IconButton size="small" aria-label={`Remove ${label}`} onClick={onRemove}>
        <DeleteIcon fontSize="small" />
      </IconButton>
    </>
  );
}
