/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "teller"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "teller-crop-dialog.h"
#include "teller-image-edit.h"
#include "teller-pixbuf-util.h"

/* The on-screen copy is never larger than this: crops are computed on the file. */
#define DISPLAY_MAX_SIZE 1600
#define VIEW_PADDING     16.0
#define HANDLE_SIZE      10.0
#define HANDLE_REACH     16.0
#define MIN_SELECTION    8.0

typedef enum
{
  DRAG_NONE,
  DRAG_NEW,
  DRAG_MOVE,
  DRAG_TOP_LEFT,
  DRAG_TOP_RIGHT,
  DRAG_BOTTOM_LEFT,
  DRAG_BOTTOM_RIGHT,
} DragMode;

struct _TellerCropDialog
{
  GtkWindow        parent_instance;

  /* Template Widgets */
  GtkStack        *stack;
  GtkDrawingArea  *area;
  GtkLabel        *size_label;
  GtkLabel        *error_label;
  GtkSpinner      *spinner;

  /* Owned References */
  TellerDocument  *document;
  GCancellable    *cancellable;
  cairo_surface_t *surface;

  int              image_width;
  int              image_height;
  graphene_rect_t  selection;   /* pixels of the upright image */
  graphene_rect_t  drag_origin; /* the selection when the drag began */
  graphene_point_t drag_anchor; /* image point where the drag began */
  DragMode         drag_mode;
  gboolean         applying;
};

G_DEFINE_FINAL_TYPE (TellerCropDialog, teller_crop_dialog, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  cairo_surface_t *surface;
  int              width;
  int              height;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->surface, cairo_surface_destroy);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) display = NULL;
  g_autoptr(Loaded) loaded = g_new0 (Loaded, 1);
  GError *error = NULL;
  double scale;

  stream = g_file_read (task_data, cancellable, &error);
  if (stream != NULL)
    decoded = gdk_pixbuf_new_from_stream (G_INPUT_STREAM (stream), cancellable, &error);
  if (decoded == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The same upright picture teller_image_edit_crop() cuts from. */
  upright = gdk_pixbuf_apply_embedded_orientation (decoded);
  loaded->width = gdk_pixbuf_get_width (upright);
  loaded->height = gdk_pixbuf_get_height (upright);
  scale = MIN (1.0, (double) DISPLAY_MAX_SIZE / MAX (loaded->width, loaded->height));
  if (scale < 1.0)
    display = gdk_pixbuf_scale_simple (upright, MAX (1, (int) (loaded->width * scale)),
                                       MAX (1, (int) (loaded->height * scale)),
                                       GDK_INTERP_BILINEAR);
  else
    display = g_object_ref (upright);

  loaded->surface = teller_pixbuf_to_cairo_surface (display, CAIRO_FORMAT_ARGB32);
  g_task_return_pointer (task, g_steal_pointer (&loaded), (GDestroyNotify) loaded_free);
}

static gboolean
is_whole_image (TellerCropDialog *self)
{
  graphene_rect_t whole = GRAPHENE_RECT_INIT (0, 0, self->image_width, self->image_height);
  graphene_rect_t rounded;

  graphene_rect_round_extents (&self->selection, &rounded);
  return graphene_rect_equal (&rounded, &whole);
}

static void
update_state (TellerCropDialog *self)
{
  gboolean loaded = self->surface != NULL;
  g_autofree char *size = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "crop.apply",
                                 loaded && !self->applying && !is_whole_image (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "crop.select-all",
                                 loaded && !self->applying);

  if (loaded)
    /* Translators: the selection's width and height in pixels */
    size = g_strdup_printf (_("%d × %d pixels"), (int) round (self->selection.size.width),
                            (int) round (self->selection.size.height));
  gtk_label_set_label (self->size_label, size != NULL ? size : "");
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
set_selection (TellerCropDialog      *self,
               const graphene_rect_t *rect)
{
  double x = CLAMP (rect->origin.x, 0, self->image_width);
  double y = CLAMP (rect->origin.y, 0, self->image_height);
  double right = CLAMP (rect->origin.x + rect->size.width, x, self->image_width);
  double bottom = CLAMP (rect->origin.y + rect->size.height, y, self->image_height);

  graphene_rect_init (&self->selection, x, y, right - x, bottom - y);
  update_state (self);
}

static void
show_error (TellerCropDialog *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TellerCropDialog) self = user_data;
  g_autoptr(Loaded) loaded = NULL;
  g_autoptr(GError) error = NULL;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  if (loaded == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the image: %s"),
                                                  error->message);

      show_error (self, message);
      return;
    }

  self->surface = g_steal_pointer (&loaded->surface);
  self->image_width = loaded->width;
  self->image_height = loaded->height;
  gtk_stack_set_visible_child_name (self->stack, "image");
  set_selection (self, &GRAPHENE_RECT_INIT (0, 0, self->image_width, self->image_height));
}

static void
teller_crop_dialog_load (TellerCropDialog *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, load_cb, g_object_ref (self));

  g_task_set_source_tag (task, teller_crop_dialog_load);
  g_task_set_task_data (task, g_object_ref (teller_document_get_file (self->document)),
                        g_object_unref);
  gtk_spinner_start (self->spinner);
  g_task_run_in_thread (task, load_thread);
}

/* ---- View ---------------------------------------------------------------- */

/* Where the image sits in the area: widget = image * scale + offset. */
static gboolean
get_transform (TellerCropDialog *self,
               double           *scale,
               double           *offset_x,
               double           *offset_y)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self->area));
  double height = gtk_widget_get_height (GTK_WIDGET (self->area));

  if (self->surface == NULL || width <= 2 * VIEW_PADDING || height <= 2 * VIEW_PADDING)
    return FALSE;

  *scale = MIN ((width - 2 * VIEW_PADDING) / self->image_width,
                (height - 2 * VIEW_PADDING) / self->image_height);
  *offset_x = (width - self->image_width * *scale) / 2;
  *offset_y = (height - self->image_height * *scale) / 2;
  return TRUE;
}

static void
draw_image (TellerCropDialog *self,
            cairo_t          *cr,
            double            scale)
{
  double surface_scale = scale * self->image_width / cairo_image_surface_get_width (self->surface);

  cairo_save (cr);
  cairo_scale (cr, surface_scale, surface_scale);
  cairo_set_source_surface (cr, self->surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
draw_handle (cairo_t *cr,
             double   x,
             double   y)
{
  cairo_rectangle (cr, x - HANDLE_SIZE / 2, y - HANDLE_SIZE / 2, HANDLE_SIZE, HANDLE_SIZE);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
draw_selection (TellerCropDialog *self,
                cairo_t          *cr,
                double            scale)
{
  double x = self->selection.origin.x * scale, y = self->selection.origin.y * scale;
  double width = self->selection.size.width * scale, height = self->selection.size.height * scale;

  /* Everything that will be cut away is dimmed. */
  cairo_rectangle (cr, 0, 0, self->image_width * scale, self->image_height * scale);
  cairo_rectangle (cr, x, y, width, height);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
  cairo_fill (cr);

  /* Rule-of-thirds guides, then the frame. */
  cairo_set_source_rgba (cr, 1, 1, 1, 0.5);
  cairo_set_line_width (cr, 1);
  for (int i = 1; i < 3; i++)
    {
      cairo_move_to (cr, x + width * i / 3, y);
      cairo_rel_line_to (cr, 0, height);
      cairo_move_to (cr, x, y + height * i / 3);
      cairo_rel_line_to (cr, width, 0);
    }
  cairo_stroke (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  draw_handle (cr, x, y);
  draw_handle (cr, x + width, y);
  draw_handle (cr, x, y + height);
  draw_handle (cr, x + width, y + height);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  TellerCropDialog *self = TELLER_CROP_DIALOG (user_data);
  double scale, offset_x, offset_y;

  if (!get_transform (self, &scale, &offset_x, &offset_y))
    return;

  cairo_translate (cr, round (offset_x), round (offset_y));
  draw_image (self, cr, scale);
  draw_selection (self, cr, scale);
}

/* ---- Dragging ------------------------------------------------------------ */

static gboolean
near (double ax,
      double ay,
      double bx,
      double by)
{
  return fabs (ax - bx) <= HANDLE_REACH && fabs (ay - by) <= HANDLE_REACH;
}

static DragMode
hit_test (TellerCropDialog *self,
          double            x,
          double            y)
{
  double scale, offset_x, offset_y, left, top, right, bottom;

  if (!get_transform (self, &scale, &offset_x, &offset_y))
    return DRAG_NONE;

  left = offset_x + self->selection.origin.x * scale;
  top = offset_y + self->selection.origin.y * scale;
  right = left + self->selection.size.width * scale;
  bottom = top + self->selection.size.height * scale;

  if (near (x, y, left, top))
    return DRAG_TOP_LEFT;
  if (near (x, y, right, top))
    return DRAG_TOP_RIGHT;
  if (near (x, y, left, bottom))
    return DRAG_BOTTOM_LEFT;
  if (near (x, y, right, bottom))
    return DRAG_BOTTOM_RIGHT;
  if (x > left && x < right && y > top && y < bottom)
    return DRAG_MOVE;
  return DRAG_NEW;
}

static void
drag_begin_cb (TellerCropDialog *self,
               double            x,
               double            y,
               GtkGestureDrag   *gesture)
{
  double scale, offset_x, offset_y;

  self->drag_mode = self->applying ? DRAG_NONE : hit_test (self, x, y);
  if (self->drag_mode == DRAG_NONE || !get_transform (self, &scale, &offset_x, &offset_y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->drag_origin = self->selection;
  graphene_point_init (&self->drag_anchor,
                       CLAMP ((x - offset_x) / scale, 0, self->image_width),
                       CLAMP ((y - offset_y) / scale, 0, self->image_height));
}

/* The rectangle between a corner that stays and one that follows the pointer. */
static void
span (TellerCropDialog *self,
      double            fixed_x,
      double            fixed_y,
      double            moving_x,
      double            moving_y)
{
  graphene_rect_t rect;

  moving_x = CLAMP (moving_x, 0, self->image_width);
  moving_y = CLAMP (moving_y, 0, self->image_height);
  graphene_rect_init (&rect, MIN (fixed_x, moving_x), MIN (fixed_y, moving_y),
                      MAX (fabs (moving_x - fixed_x), MIN_SELECTION),
                      MAX (fabs (moving_y - fixed_y), MIN_SELECTION));
  set_selection (self, &rect);
}

static void
drag_update_cb (TellerCropDialog *self,
                double            dx,
                double            dy,
                GtkGestureDrag   *gesture)
{
  const graphene_rect_t *o = &self->drag_origin;
  double scale, offset_x, offset_y, left, top, right, bottom;

  if (self->drag_mode == DRAG_NONE || !get_transform (self, &scale, &offset_x, &offset_y))
    return;

  dx /= scale;
  dy /= scale;
  left = o->origin.x;
  top = o->origin.y;
  right = left + o->size.width;
  bottom = top + o->size.height;

  switch (self->drag_mode)
    {
    case DRAG_NEW:
      span (self, self->drag_anchor.x, self->drag_anchor.y,
            self->drag_anchor.x + dx, self->drag_anchor.y + dy);
      break;
    case DRAG_MOVE:
      left = CLAMP (left + dx, 0, self->image_width - o->size.width);
      top = CLAMP (top + dy, 0, self->image_height - o->size.height);
      set_selection (self, &GRAPHENE_RECT_INIT (left, top, o->size.width, o->size.height));
      break;
    case DRAG_TOP_LEFT:
      span (self, right, bottom, left + dx, top + dy);
      break;
    case DRAG_TOP_RIGHT:
      span (self, left, bottom, right + dx, top + dy);
      break;
    case DRAG_BOTTOM_LEFT:
      span (self, right, top, left + dx, bottom + dy);
      break;
    case DRAG_BOTTOM_RIGHT:
      span (self, left, top, right + dx, bottom + dy);
      break;
    case DRAG_NONE:
    default:
      break;
    }
}

static void
motion_cb (TellerCropDialog         *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  static const char * const cursors[] = {
    [DRAG_NONE] = NULL, [DRAG_NEW] = "crosshair", [DRAG_MOVE] = "move",
    [DRAG_TOP_LEFT] = "nwse-resize", [DRAG_BOTTOM_RIGHT] = "nwse-resize",
    [DRAG_TOP_RIGHT] = "nesw-resize", [DRAG_BOTTOM_LEFT] = "nesw-resize",
  };

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->area), cursors[hit_test (self, x, y)]);
}

/* ---- Actions ------------------------------------------------------------- */

static void
crop_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TellerCropDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (teller_image_edit_crop_finish (result, &error))
    {
      teller_document_emit_changed (self->document);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->applying = FALSE;
  gtk_spinner_stop (self->spinner);
  message = g_strdup_printf (_("Could not crop the image: %s"), error->message);
  show_error (self, message);
  update_state (self);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TellerCropDialog *self = TELLER_CROP_DIALOG (widget);
  GdkRectangle rect;

  if (self->surface == NULL || self->applying)
    return;

  teller_crop_dialog_get_selection (self, &rect);
  self->applying = TRUE;
  show_error (self, NULL);
  gtk_spinner_start (self->spinner);
  update_state (self);
  teller_image_edit_crop_async (teller_document_get_file (self->document), rect.x, rect.y,
                                rect.width, rect.height, self->cancellable, crop_cb,
                                g_object_ref (self));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TellerCropDialog *self = TELLER_CROP_DIALOG (widget);

  set_selection (self, &GRAPHENE_RECT_INIT (0, 0, self->image_width, self->image_height));
}

/* ---- GObject ------------------------------------------------------------- */

static void
teller_crop_dialog_constructed (GObject *object)
{
  TellerCropDialog *self = TELLER_CROP_DIALOG (object);

  G_OBJECT_CLASS (teller_crop_dialog_parent_class)->constructed (object);

  g_assert (TELLER_IS_DOCUMENT (self->document));

  teller_crop_dialog_load (self);
}

static void
teller_crop_dialog_dispose (GObject *object)
{
  TellerCropDialog *self = TELLER_CROP_DIALOG (object);

  /* The write is atomic: stopping it midway leaves the file as it was. */
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TELLER_TYPE_CROP_DIALOG);

  G_OBJECT_CLASS (teller_crop_dialog_parent_class)->dispose (object);
}

static void
teller_crop_dialog_finalize (GObject *object)
{
  TellerCropDialog *self = TELLER_CROP_DIALOG (object);

  g_clear_object (&self->document);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (teller_crop_dialog_parent_class)->finalize (object);
}

static void
teller_crop_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TellerCropDialog *self = TELLER_CROP_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_crop_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TellerCropDialog *self = TELLER_CROP_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
teller_crop_dialog_class_init (TellerCropDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = teller_crop_dialog_constructed;
  object_class->dispose = teller_crop_dialog_dispose;
  object_class->finalize = teller_crop_dialog_finalize;
  object_class->get_property = teller_crop_dialog_get_property;
  object_class->set_property = teller_crop_dialog_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, TELLER_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/teller-crop-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TellerCropDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, TellerCropDialog, area);
  gtk_widget_class_bind_template_child (widget_class, TellerCropDialog, size_label);
  gtk_widget_class_bind_template_child (widget_class, TellerCropDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, TellerCropDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, drag_begin_cb);
  gtk_widget_class_bind_template_callback (widget_class, drag_update_cb);
  gtk_widget_class_bind_template_callback (widget_class, motion_cb);

  gtk_widget_class_install_action (widget_class, "crop.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "crop.select-all", NULL, select_all_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "crop.apply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "crop.apply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK,
                                       "crop.select-all", NULL);
}

static void
teller_crop_dialog_init (TellerCropDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
  update_state (self);
}

GtkWidget *
teller_crop_dialog_new (GtkWindow      *parent,
                        TellerDocument *document)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TELLER_IS_DOCUMENT (document), NULL);

  return g_object_new (TELLER_TYPE_CROP_DIALOG,
                       "transient-for", parent,
                       "document", document,
                       NULL);
}

TellerDocument *
teller_crop_dialog_get_document (TellerCropDialog *self)
{
  g_return_val_if_fail (TELLER_IS_CROP_DIALOG (self), NULL);

  return self->document;
}

gboolean
teller_crop_dialog_get_loaded (TellerCropDialog *self)
{
  g_return_val_if_fail (TELLER_IS_CROP_DIALOG (self), FALSE);

  return self->surface != NULL;
}

void
teller_crop_dialog_get_image_size (TellerCropDialog *self,
                                   int              *width,
                                   int              *height)
{
  g_return_if_fail (TELLER_IS_CROP_DIALOG (self));

  if (width != NULL)
    *width = self->image_width;
  if (height != NULL)
    *height = self->image_height;
}

void
teller_crop_dialog_set_selection (TellerCropDialog   *self,
                                  const GdkRectangle *selection)
{
  g_return_if_fail (TELLER_IS_CROP_DIALOG (self));
  g_return_if_fail (selection != NULL);
  g_return_if_fail (self->surface != NULL);

  set_selection (self, &GRAPHENE_RECT_INIT (selection->x, selection->y,
                                            selection->width, selection->height));
}

void
teller_crop_dialog_get_selection (TellerCropDialog *self,
                                  GdkRectangle     *selection)
{
  graphene_rect_t rounded;

  g_return_if_fail (TELLER_IS_CROP_DIALOG (self));
  g_return_if_fail (selection != NULL);

  graphene_rect_round_extents (&self->selection, &rounded);
  selection->x = (int) rounded.origin.x;
  selection->y = (int) rounded.origin.y;
  selection->width = (int) rounded.size.width;
  selection->height = (int) rounded.size.height;
}
