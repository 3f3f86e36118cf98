// The list being dragged in the sidebar (to reorder the lists). It carries its own type, so the
// task rows ignore it and the sidebar's entries tell it from a task dropped onto a list.
import type { ListDto } from '../../../src/lists/lists.schemas.js';
import { carries, useDrag, type Drag } from '../order/useDrag.js';

const LIST_DRAG_TYPE = 'application/x-list-id';

export type ListDrag = Drag<ListDto>;

const nameOf = (list: ListDto) => list.name;

export const useListDrag = (): ListDrag => useDrag(LIST_DRAG_TYPE, nameOf);

export const carriesList = carries(LIST_DRAG_TYPE);
