// The visible tasks with subtasks nested under their parents. Everything a row needs to act comes
// in one `tools` object, handed down the tree unchanged.
import { useMemo } from 'react';
import type { ListDto } from '../../../src/lists/lists.schemas.js';
import type { TaskDto } from '../../../src/tasks/tasks.schemas.js';
import { TaskItem } from './TaskItem.js';
import { buildTree, neighboursIn, subtreeIds, type TaskTree as Tree } from './taskTree.js';
import { isUnsaved, type TaskActions } from './useTaskActions.js';
import type { TaskDrag } from './useTaskDrag.js';
import type { TaskMoves } from './useTaskMoves.js';
import type { SpotlightTarget } from './useTaskSpotlight.js';

export interface TaskTools {
  /** The time overdue is judged against. */
  now: number;
  actions: TaskActions;
  moves: TaskMoves;
  drag: TaskDrag;
  /** In manual order rows can be reordered (Move up / Move down, dropped before or after a task). */
  canReorder: boolean;
  /** The lists a task can be moved to: all but the one shown. */
  destinations: readonly ListDto[];
  onTagClick: (tag: string) => void;
  onDelete: (task: TaskDto) => void;
  /** A task left the list shown (moved to another list): focus goes somewhere sensible. */
  onLeft: () => void;
  /** A task to bring into view and focus once its row renders (opened from a reminder). */
  spotlight: SpotlightTarget | null;
  onSpotlit: () => void;
}

interface Props {
  items: readonly TaskDto[];
  tools: TaskTools;
  loading: boolean;
}

const isSaved = (task: TaskDto) => !isUnsaved(task);

export function TaskTree({ items, tools, loading }: Props) {
  const tree = useMemo(() => buildTree(items), [items]);
  const dragged = tools.drag.dragged;
  // A task cannot be dropped into its own subtree (a cycle): those rows refuse it.
  const refused = useMemo(() => (dragged ? subtreeIds(items, dragged.id) : new Set<string>()), [items, dragged]);
  return (
    <ul className={loading ? 'task-list stale' : 'task-list'} aria-busy={loading || undefined}>
      <TaskGroup group={tree.roots} tree={tree} tools={tools} refused={refused} />
    </ul>
  );
}

interface GroupProps {
  group: readonly TaskDto[];
  tree: Tree;
  tools: TaskTools;
  refused: ReadonlySet<string>;
}

function TaskGroup({ group, tree, tools, refused }: GroupProps) {
  const neighbours = neighboursIn(group, isSaved);
  return group.map((task) => {
    const children = tree.childrenOf(task.id);
    return (
      <TaskItem
        key={task.id}
        task={task}
        tools={tools}
        neighbours={neighbours.get(task.id) ?? { up: null, down: null }}
        acceptsDrop={tools.canReorder && tools.drag.dragged !== null && !refused.has(task.id) && isSaved(task)}
        subtaskCount={children.length}
      >
        {children.length > 0 && <TaskGroup group={children} tree={tree} tools={tools} refused={refused} />}
      </TaskItem>
    );
  });
}
